package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/porta-id/porta/app"
	"github.com/porta-id/porta/web"
)

func testWeb() fstest.MapFS {
	return fstest.MapFS{
		"app.wasm":    {Data: []byte("raw wasm bytes")},
		"app.wasm.br": {Data: []byte("br")},
		"app.wasm.gz": {Data: []byte("gzip")},
		"porta.css":   {Data: []byte("body{}")},
	}
}

// fullWeb is every asset plus files that must never be served.
func fullWeb() fstest.MapFS {
	fsys := testWeb()
	for _, name := range web.Assets {
		if fsys[name] == nil {
			fsys[name] = &fstest.MapFile{Data: []byte(name)}
		}
	}
	fsys["web.go"] = &fstest.MapFile{Data: []byte("package web")}
	fsys["notes.txt"] = &fstest.MapFile{Data: []byte("package web")}
	fsys["sub/x.go"] = &fstest.MapFile{Data: []byte("package web")}
	return fsys
}

// The allow-list names every file of web/ but Go sources and build
// outputs, and every /web/ file the app's handler refers to.
func TestWebAssetsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, name := range web.Assets {
		listed[name] = true
	}
	entries, err := fs.ReadDir(web.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, ".go") && !strings.HasPrefix(n, "app.wasm") && !listed[n] {
			t.Errorf("web/%s is not in web.Assets, so it is not served", n)
		}
	}
	for _, name := range web.Assets {
		if _, err := fs.Stat(web.FS, name); err != nil && !strings.HasPrefix(name, "app.wasm") {
			t.Errorf("web.Assets lists %s, which is not in web/", name)
		}
	}
	h := app.Handler()
	for _, p := range append([]string{h.Icon.Default, h.Icon.Large, h.Icon.SVG, h.Icon.Maskable}, h.Styles...) {
		if name, ok := strings.CutPrefix(p, "/web/"); !ok || !listed[name] {
			t.Errorf("the app refers to %s, which web.Assets does not list", p)
		}
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
	t.Run("OnlyAssets", func(t *testing.T) {
		h, err := newPages(fullWeb())
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range web.Assets {
			r := httptest.NewRequest("GET", "/web/"+name, nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				t.Errorf("/web/%s: %d, want 200", name, w.Code)
			}
		}
		files, _ := newWebFiles(fullWeb())
		for _, p := range []string{"/web/web.go", "/web/notes.txt", "/web/sub/x.go", "/web/", "/web", "/web/.", "/x.go", "/web.go",
			"/robots.txt", "/sitemap.xml", "/ads.txt", "/" + files.version + "/robots.txt"} {
			r := httptest.NewRequest("GET", p, nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "package web") {
				t.Errorf("%s: %d %.40q, want 404", p, w.Code, w.Body.String())
			}
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

// Without --dev, only the public URL's host is answered, whatever the
// listener's address: a rebound DNS name reaches nothing.
func TestServeHost(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Dev, c.PublicURL = false, "https://id.example.com" })
	for _, c := range []struct {
		name, host, path string
		status           int
	}{
		{"OK", "id.example.com", "/api/password/policy", http.StatusOK},
		{"OKPage", "id.example.com", "/", http.StatusOK},
		{"ErrListenAddress", "", "/api/password/policy", http.StatusMisdirectedRequest},
		{"ErrLocalhost", "localhost", "/", http.StatusMisdirectedRequest},
		{"ErrRebound", "attacker.example", "/web/porta.css", http.StatusMisdirectedRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", m.URL()+c.path, nil)
			if c.host != "" {
				req.Host = c.host
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Fatalf("Host %q %s: %d, want %d", req.Host, c.path, resp.StatusCode, c.status)
			}
		})
	}
}
