//go:build !js

package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
)

// HTTPTransport talks to a Porta server with net/http. It is for products,
// tools and tests; the WebAssembly app uses the browser's fetch instead,
// which keeps net/http out of app.wasm.
type HTTPTransport struct {
	// BaseURL is the server root, like "https://id.example.com".
	BaseURL string
	// Client defaults to http.DefaultClient; give it a cookie jar to keep a session.
	Client *http.Client
	// UserAgent is sent when set.
	UserAgent string
	// Bearer is a product's access token (client_credentials grant), sent
	// as "Authorization: Bearer" to the product API (/api/product/…).
	Bearer string
}

// Do implements Transport. It sends Origin = BaseURL, as a browser would,
// so state-changing calls pass the server's origin check.
func (t *HTTPTransport) Do(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	base := strings.TrimRight(t.BaseURL, "/")
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Origin", base)
	if t.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+t.Bearer)
	}
	if t.UserAgent != "" {
		req.Header.Set("User-Agent", t.UserAgent)
	}
	hc := t.Client
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, b, err
}
