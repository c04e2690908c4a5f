package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// helloPkg is go-app's floor: a hello world on the go-app of go.mod, built
// with the flags of web/app.wasm (the Makefile's wasm rule).
const helloPkg = "github.com/porta-id/porta/cmd/porta-bench/hello"

// wasmSizes are the sizes of app.wasm in bytes; 0 means not built. The
// brotli copy is what browsers download; the target is on its part above
// go-app's hello world, Porta's own code.
type wasmSizes struct {
	Path   string `json:"path"`
	Raw    int64  `json:"rawBytes,omitempty"`
	Gzip   int64  `json:"gzipBytes,omitempty"`
	Brotli int64  `json:"brotliBytes,omitempty"`
	// HelloRaw and HelloBrotli are the hello world's sizes, 0 when
	// skipped (--skip-hello) or not built; HelloSkipped says which.
	HelloRaw     int64 `json:"helloRawBytes,omitempty"`
	HelloBrotli  int64 `json:"helloBrotliBytes,omitempty"`
	HelloSkipped bool  `json:"helloSkipped,omitempty"`
	// OverHello is Brotli − HelloBrotli, set only when both are known.
	OverHello *int64 `json:"overHelloBrotliBytes,omitempty"`
	// Notes say where a number came from when it is not the built file,
	// or why it may be off.
	Notes []string `json:"notes,omitempty"`
}

// measureWASM sizes path and the .gz and .br copies make writes next to
// it, then, unless skipHello, builds go-app's hello world and sizes it.
// A missing .gz is made here at gzip -9, as make would; a missing or stale
// .br at brotli quality 11, as cmd/porta-precompress does, so Porta and the
// hello world are compressed alike.
func measureWASM(ctx context.Context, path string, skipHello bool, progress io.Writer) wasmSizes {
	w := measurePorta(path)
	if skipHello {
		w.HelloSkipped = true
		return w
	}
	fmt.Fprintf(progress, "building go-app's hello world (%s) to WebAssembly …\n", helloPkg)
	raw, br, err := helloSizes(ctx)
	if err != nil {
		w.Notes = append(w.Notes, "hello world: "+err.Error())
		return w
	}
	w.HelloRaw, w.HelloBrotli = raw, br
	if w.Brotli > 0 {
		d := w.Brotli - w.HelloBrotli
		w.OverHello = &d
	}
	return w
}

// measurePorta sizes app.wasm and its compressed copies.
func measurePorta(path string) wasmSizes {
	w := wasmSizes{Path: path}
	raw, err := os.Stat(path)
	if err != nil {
		w.Notes = append(w.Notes, path+" not built")
		return w
	}
	w.Raw = raw.Size()
	w.Gzip = w.compressed(path+".gz", raw)
	if w.Gzip == 0 {
		if n, err := gzipSize(path); err != nil {
			w.Notes = append(w.Notes, "gzip: "+err.Error())
		} else {
			w.Gzip = n
			w.Notes = append(w.Notes, "gzip size computed now at -9 (no "+path+".gz)")
		}
	}
	w.Brotli = w.compressed(path+".br", raw)
	if br, err := os.Stat(path + ".br"); err != nil || br.ModTime().Before(raw.ModTime()) {
		if n, err := brotliSize(path); err != nil {
			w.Brotli = 0
			w.Notes = append(w.Notes, "brotli: "+err.Error())
		} else {
			w.Brotli = n
			w.Notes = append(w.Notes, "brotli size computed now at quality 11 (no up-to-date "+path+".br)")
		}
	}
	return w
}

// helloSizes builds helloPkg into a temporary folder, as the Makefile
// builds web/app.wasm, and returns its raw and brotli sizes. The module's
// go.mod pins go-app, so the hello world links the same version.
func helloSizes(ctx context.Context) (raw, br int64, err error) {
	dir, err := os.MkdirTemp("", "porta-bench-hello-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "hello.wasm")
	cmd := exec.CommandContext(ctx, "go", helloBuildArgs(out)...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("go %s: %v: %s", strings.Join(helloBuildArgs(out), " "), err, strings.TrimSpace(stderr.String()))
	}
	fi, err := os.Stat(out)
	if err != nil {
		return 0, 0, err
	}
	br, err = brotliSize(out)
	return fi.Size(), br, err
}

// helloBuildArgs are the Makefile's flags for web/app.wasm.
func helloBuildArgs(out string) []string {
	return []string{"build", "-trimpath", "-ldflags=-s -w", "-o", out, helloPkg}
}

// brotliSize compresses path in memory as cmd/porta-precompress does
// (brotli.BestCompression, the default window) and returns the size.
func brotliSize(path string) (int64, error) {
	return compressedSize(path, func(w io.Writer) io.WriteCloser {
		return brotli.NewWriterLevel(w, brotli.BestCompression)
	})
}

// compressed returns the size of a precompressed copy, 0 when missing, and
// notes one older than the raw file: it would not match what is served.
func (w *wasmSizes) compressed(path string, raw os.FileInfo) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if fi.ModTime().Before(raw.ModTime()) {
		w.Notes = append(w.Notes, path+" is older than "+raw.Name()+" (stale)")
	}
	return fi.Size()
}

// gzipSize compresses path at gzip -9 in memory and returns the size.
func gzipSize(path string) (int64, error) {
	return compressedSize(path, func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return zw
	})
}

// compressedSize compresses path through newWriter in one Write, as
// cmd/porta-precompress does, and returns the size.
func compressedSize(path string, newWriter func(io.Writer) io.WriteCloser) (int64, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var n countingWriter
	zw := newWriter(&n)
	if _, err := zw.Write(raw); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return int64(n), nil
}

// countingWriter counts bytes and keeps none.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
