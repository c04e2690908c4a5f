package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/porta-id/porta/app"
)

var registerRoutesOnce sync.Once

// newPages returns the handler for everything outside /api/: prerendered
// PWA pages, the service worker and manifest, and the files of web/.
func newPages(web fs.FS) (http.Handler, error) {
	registerRoutesOnce.Do(app.RegisterRoutes)
	files, err := newWebFiles(web)
	if err != nil {
		return nil, err
	}
	h := app.Handler()
	h.Resources = files
	h.Version = files.version
	if files.wasmSize > 0 {
		h.WasmContentLength = strconv.FormatInt(files.wasmSize, 10)
	}
	return h, nil
}

// webFiles serves web/ and is go-app's ResourceResolver. app.wasm goes out
// precompressed (brotli or gzip, made at build time) when the browser
// accepts it, since go-app's handler never compresses.
type webFiles struct {
	fsys     fs.FS
	files    http.Handler
	version  string
	wasmSize int64
}

func newWebFiles(web fs.FS) (*webFiles, error) {
	w := &webFiles{fsys: web, files: http.FileServerFS(web)}
	if st, err := fs.Stat(web, "app.wasm"); err == nil {
		w.wasmSize = st.Size()
	}
	v, err := contentVersion(web)
	if err != nil {
		return nil, err
	}
	w.version = v
	return w, nil
}

// contentVersion hashes every file of web/, so the version is the same on
// every replica of a build and changes exactly when the app changes.
func contentVersion(web fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(web, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(web, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// Resolve keeps /web/ paths as they are: this handler serves them.
func (w *webFiles) Resolve(location string) string { return location }

func (w *webFiles) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/web/")
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
