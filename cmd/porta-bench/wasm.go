package main

import (
	"compress/gzip"
	"io"
	"os"
)

// wasmSizes are the sizes of app.wasm in bytes; 0 means not built. The
// brotli copy is what browsers download, so it carries the target.
type wasmSizes struct {
	Path   string `json:"path"`
	Raw    int64  `json:"rawBytes,omitempty"`
	Gzip   int64  `json:"gzipBytes,omitempty"`
	Brotli int64  `json:"brotliBytes,omitempty"`
	// Notes say where a number came from when it is not the built file,
	// or why it may be off.
	Notes []string `json:"notes,omitempty"`
}

// measureWASM sizes path and the .gz and .br copies make writes next to
// it. A missing .gz is made here at gzip -9, as make would; brotli needs
// a module this tool does not link, so a missing .br stays "not built".
func measureWASM(path string) wasmSizes {
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
	return w
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
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n countingWriter
	zw, _ := gzip.NewWriterLevel(&n, gzip.BestCompression)
	if _, err := io.Copy(zw, f); err != nil {
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
