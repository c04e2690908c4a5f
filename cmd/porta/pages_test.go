package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func testWeb() fstest.MapFS {
	return fstest.MapFS{
		"app.wasm":    {Data: []byte("raw wasm bytes")},
		"app.wasm.br": {Data: []byte("br")},
		"app.wasm.gz": {Data: []byte("gzip")},
		"porta.css":   {Data: []byte("body{}")},
	}
}

func TestPages(t *testing.T) {
	h, err := newPages(testWeb())
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, acceptEncoding string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		if acceptEncoding != "" {
			r.Header.Set("Accept-Encoding", acceptEncoding)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	t.Run("WasmPrecompressed", func(t *testing.T) {
		for _, c := range []struct{ accept, encoding, body string }{
			{"gzip, deflate, br, zstd", "br", "br"},
			{"gzip", "gzip", "gzip"},
			{"br;q=0, gzip", "gzip", "gzip"},
			{"", "", "raw wasm bytes"},
		} {
			w := get("/web/app.wasm", c.accept)
			if w.Code != 200 || w.Header().Get("Content-Encoding") != c.encoding || w.Body.String() != c.body ||
				w.Header().Get("Content-Type") != "application/wasm" || !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
				t.Errorf("Accept-Encoding %q: %d %v %q", c.accept, w.Code, w.Header(), w.Body.String())
			}
		}
	})
	t.Run("PrerenderedRoutes", func(t *testing.T) {
		for _, path := range []string{"/", "/signin/password", "/signin/change-password", "/account", "/forgot"} {
			w := get(path, "")
			if w.Code != 200 || !strings.Contains(w.Body.String(), `<main class="card">`) {
				t.Errorf("%s: %d, not a prerendered page", path, w.Code)
			}
		}
	})
	t.Run("ServiceWorkerCachesEveryRoute", func(t *testing.T) {
		sw := get("/app-worker.js", "").Body.String()
		for _, path := range []string{`"/signin/password"`, `"/account"`, `"/forgot"`, `"/web/porta.css"`} {
			if !strings.Contains(sw, path) {
				t.Errorf("service worker does not cache %s", path)
			}
		}
	})
	t.Run("StableVersion", func(t *testing.T) {
		a, _ := newWebFiles(testWeb())
		b, _ := newWebFiles(testWeb())
		changed := testWeb()
		changed["app.wasm"] = &fstest.MapFile{Data: []byte("new build")}
		c, _ := newWebFiles(changed)
		if a.version != b.version || a.version == c.version || a.version == "" {
			t.Fatalf("versions %q %q %q: want equal for equal files, different otherwise", a.version, b.version, c.version)
		}
		if w := get("/", ""); w.Header().Get("ETag") != `"`+a.version+`"` {
			t.Errorf("ETag = %q, want the content version %q", w.Header().Get("ETag"), a.version)
		}
	})
	t.Run("Manifest", func(t *testing.T) {
		m := get("/manifest.webmanifest", "").Body.String()
		for _, icon := range []string{"/web/icon-192.png", "/web/icon-512.png", "/web/icon.svg"} {
			if !strings.Contains(m, icon) {
				t.Errorf("manifest lacks %s", icon)
			}
		}
	})
}

var _ http.Handler = (*webFiles)(nil)
