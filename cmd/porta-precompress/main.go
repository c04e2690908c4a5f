// Command porta-precompress writes FILE.br and FILE.gz next to FILE at the
// highest compression levels, so the server can send app.wasm compressed
// without spending CPU on every download.
package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: porta-precompress FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "porta-precompress:", err)
		os.Exit(1)
	}
}

func run(name string) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := write(name+".br", raw, func(w io.Writer) io.WriteCloser {
		return brotli.NewWriterLevel(w, brotli.BestCompression)
	}); err != nil {
		return err
	}
	return write(name+".gz", raw, func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return zw
	})
}

// write compresses raw into name through a temporary file, so a reader
// never sees half a file.
func write(name string, raw []byte, newWriter func(io.Writer) io.WriteCloser) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".precompress-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	zw := newWriter(f)
	if _, err := zw.Write(raw); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
