package main

import (
	"fmt"
	"io"
)

// writeTable prints the size table: app.wasm raw, gzip and brotli, the
// hello world's brotli, and the difference, which carries the target.
func (s wasmSizes) writeTable(w io.Writer) {
	fmt.Fprintf(w, "\n| %s | bytes | KB | target | result |\n", s.Path)
	fmt.Fprintln(w, "|---|---:|---:|---|---|")
	sizeRow(w, "raw", s.Raw, "not built", "—", "")
	sizeRow(w, "gzip -9", s.Gzip, "not built", "—", "")
	sizeRow(w, "brotli", s.Brotli, "not built", "—", "")
	hello := "not built"
	if s.HelloSkipped {
		hello = "skipped (--skip-hello)"
	}
	sizeRow(w, "go-app hello world, brotli", s.HelloBrotli, hello, "—", "")
	target := fmt.Sprintf("≤ %.0f KB", kb(overHelloTarget))
	if s.OverHello == nil {
		fmt.Fprintf(w, "| Porta − hello, brotli | not measured | | %s | |\n", target)
		return
	}
	d := *s.OverHello
	fmt.Fprintf(w, "| Porta − hello, brotli | %d | %.1f | %s | %s |\n", d, kb(d), target, mark(d <= overHelloTarget))
}

// sizeRow prints one size, or missing in its place when size is 0.
func sizeRow(w io.Writer, kind string, size int64, missing, target, result string) {
	if size == 0 {
		fmt.Fprintf(w, "| %s | %s | | %s | %s |\n", kind, missing, target, result)
		return
	}
	fmt.Fprintf(w, "| %s | %d | %.1f | %s | %s |\n", kind, size, kb(size), target, result)
}

func kb(bytes int64) float64 { return float64(bytes) / 1e3 }
