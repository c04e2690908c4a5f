package server

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// hostPolicy decides which Host headers Porta answers and which Origins may
// make state-changing calls: the public URL's, the extra hosts it was given
// and, in dev, any loopback name on any port. A name an attacker controls
// (DNS rebinding) is never among them, and the request's own Host is never
// trusted for the Origin check.
type hostPolicy struct {
	public *url.URL // scheme and canonical host of the public URL; nil if none
	extra  []string // canonical host:port names, like the listen address
	dev    bool
}

// newHostPolicy checks publicURL (empty, or http(s)://host[:port]).
func newHostPolicy(publicURL string, extra []string, dev bool) (*hostPolicy, error) {
	p := &hostPolicy{dev: dev}
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
			return nil, fmt.Errorf("server: public URL %q: want http(s)://host[:port]", publicURL)
		}
		p.public = &url.URL{Scheme: u.Scheme, Host: canonicalHost(u.Host, u.Scheme)}
	}
	for _, h := range extra {
		if name, _ := splitHost(h); name != "" {
			p.extra = append(p.extra, canonicalHost(h, ""))
		}
	}
	return p, nil
}

// allowHost reports whether a request for host (a Host header) is ours.
func (p *hostPolicy) allowHost(host string) bool {
	if p.public != nil && canonicalHost(host, p.public.Scheme) == p.public.Host {
		return true
	}
	return p.allowOther(host)
}

// allowOrigin reports whether origin (an Origin header) is one of Porta's
// own: the public origin exactly, or an extra or dev loopback host.
func (p *hostPolicy) allowOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	if p.public != nil && u.Scheme == p.public.Scheme && canonicalHost(u.Host, u.Scheme) == p.public.Host {
		return true
	}
	return p.allowOther(u.Host)
}

func (p *hostPolicy) allowOther(host string) bool {
	h := canonicalHost(host, "")
	for _, e := range p.extra {
		if h == e {
			return true
		}
	}
	if p.dev {
		name, _ := splitHost(host)
		return name == "localhost" || name == "127.0.0.1" || name == "::1"
	}
	return false
}

// checkHost answers requests for a host that is not Porta's: 400 without
// a Host, 421 for another name. /healthz answers any host, so a probe that
// dials an address (a load balancer, Kubernetes) still works; it says "ok".
func (s *Server) checkHost(r *http.Request) error {
	if r.Host == "" {
		return identity.Errorf(api.CodeInvalidRequest, "The request has no Host header.")
	}
	if r.URL.Path == "/healthz" || s.hosts.allowHost(r.Host) {
		return nil
	}
	return &identity.Error{Code: codeMisdirected, Message: "This server does not answer for that host name."}
}

// canonicalHost is host[:port] in lowercase, without a trailing dot in the
// name and without the port when it is the default of scheme.
func canonicalHost(host, scheme string) string {
	name, port := splitHost(host)
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(name, ":") {
		name = "[" + name + "]"
	}
	if port == "" {
		return name
	}
	return name + ":" + port
}

// splitHost splits host[:port] into a lowercase name (IPv6 without
// brackets, no trailing dot) and port, "" when there is none.
func splitHost(host string) (name, port string) {
	if n, p, err := net.SplitHostPort(host); err == nil {
		name, port = n, p
	} else {
		name = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	return strings.TrimSuffix(strings.ToLower(name), "."), port
}
