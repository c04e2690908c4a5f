package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/porta-id/porta/app"
	"github.com/porta-id/porta/web"
)

var registerRoutesOnce sync.Once

// newPages returns the handler for everything outside /api/: prerendered
// PWA pages, the service worker and manifest, and web.Assets.
func newPages(fsys fs.FS) (http.Handler, error) {
	registerRoutesOnce.Do(app.RegisterRoutes)
	files, err := newWebFiles(fsys)
	if err != nil {
		return nil, err
	}
	h := app.Handler()
	h.Resources = files
	h.Version = files.version
	if files.wasmSize > 0 {
		h.WasmContentLength = strconv.FormatInt(files.wasmSize, 10)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasPrefix(p, "/"+h.Version+"/") {
			p = strings.TrimPrefix(p, "/"+h.Version)
		}
		if proxied[p] {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}), nil
}

// proxied are the paths go-app answers by fetching http://{Host}/web/…
// and caching whatever comes back for everyone. Porta has none of these
// files, so they are 404 without a request a Host header could steer.
var proxied = map[string]bool{"/robots.txt": true, "/sitemap.xml": true, "/ads.txt": true}

// webFiles serves web.Assets from web/ and is go-app's ResourceResolver;
// any other path under /web/ (web.go, a folder listing) is 404. app.wasm
// goes out precompressed (brotli or gzip, made at build time) when the
// browser accepts it, since go-app's handler never compresses.
type webFiles struct {
	fsys     fs.FS
	files    http.Handler
	assets   map[string]bool
	version  string
	wasmSize int64
}

func newWebFiles(fsys fs.FS) (*webFiles, error) {
	w := &webFiles{fsys: fsys, files: http.FileServerFS(fsys), assets: map[string]bool{}}
	for _, name := range web.Assets {
		w.assets[name] = true
	}
	if st, err := fs.Stat(fsys, "app.wasm"); err == nil {
		w.wasmSize = st.Size()
	}
	v, err := contentVersion(fsys)
	if err != nil {
		return nil, err
	}
	w.version = v
	return w, nil
}

// contentVersion hashes every asset, so the version is the same on every
// replica of a build and changes exactly when the app changes.
func contentVersion(fsys fs.FS) (string, error) {
	h := sha256.New()
	for _, name := range web.Assets {
		b, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		h.Write([]byte(name))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// Resolve keeps /web/ paths as they are: this handler serves them.
func (w *webFiles) Resolve(location string) string { return location }

func (w *webFiles) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/web/")
	if !ok || !w.assets[name] {
		http.NotFound(rw, r)
		return
	}
	if name == "app.wasm" {
		w.serveWasm(rw, r)
		return
	}
	r2 := *r
	r2.URL.Path = "/" + name
	w.files.ServeHTTP(rw, &r2)
}

func (w *webFiles) serveWasm(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Vary", "Accept-Encoding")
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}, {"", ""}} {
		if enc.token != "" && !acceptsEncoding(accept, enc.token) {
			continue
		}
		b, err := fs.ReadFile(w.fsys, "app.wasm"+enc.ext)
		if err != nil {
			continue
		}
		if enc.token != "" {
			rw.Header().Set("Content-Encoding", enc.token)
		}
		rw.Header().Set("Content-Type", "application/wasm")
		rw.Header().Set("Content-Length", strconv.Itoa(len(b)))
		if r.Method != http.MethodHead {
			_, _ = rw.Write(b)
		}
		return
	}
	http.Error(rw, "app.wasm is not built: run make", http.StatusNotFound)
}

// acceptsEncoding reports whether an Accept-Encoding header allows token
// (q=0 refuses it).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
