package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWASMTable checks the size table's rows: the difference to the
// hello world carries the 400 KB target, passes at the target and fails
// a byte above it, and a skipped or failed hello world shows as such.
func TestWASMTable(t *testing.T) {
	over := func(d int64) *int64 { return &d }
	for _, tc := range []struct {
		name string
		s    wasmSizes
		want []string
	}{
		{"within", wasmSizes{Path: "web/app.wasm", Raw: 7_538_712, Gzip: 2_036_593, Brotli: 1_497_725, HelloRaw: 6_898_083, HelloBrotli: 1_401_032, OverHello: over(96_693)}, []string{
			"| web/app.wasm | bytes | KB | target | result |",
			"| raw | 7538712 | 7538.7 | — |  |",
			"| brotli | 1497725 | 1497.7 | — |  |",
			"| go-app hello world, brotli | 1401032 | 1401.0 | — |  |",
			"| Porta − hello, brotli | 96693 | 96.7 | ≤ 400 KB | ✓ |",
		}},
		{"at the target", wasmSizes{Brotli: 1_800_000, HelloBrotli: 1_400_000, OverHello: over(400_000)}, []string{"| Porta − hello, brotli | 400000 | 400.0 | ≤ 400 KB | ✓ |"}},
		{"a byte over", wasmSizes{Brotli: 1_800_001, HelloBrotli: 1_400_000, OverHello: over(400_001)}, []string{"| Porta − hello, brotli | 400001 | 400.0 | ≤ 400 KB | ✗ |"}},
		{"skipped", wasmSizes{Brotli: 1_497_725, HelloSkipped: true}, []string{
			"| go-app hello world, brotli | skipped (--skip-hello) | | — |  |",
			"| Porta − hello, brotli | not measured | | ≤ 400 KB | |",
		}},
		{"not built", wasmSizes{}, []string{
			"| brotli | not built | | — |  |",
			"| go-app hello world, brotli | not built | | — |  |",
			"| Porta − hello, brotli | not measured | | ≤ 400 KB | |",
		}},
	} {
		var b bytes.Buffer
		tc.s.writeTable(&b)
		for _, want := range tc.want {
			if !strings.Contains(b.String(), want+"\n") {
				t.Errorf("%s: table lacks %q:\n%s", tc.name, want, b.String())
			}
		}
	}
}

// TestHelloBuildFlags checks that the hello world is built with the
// flags the Makefile builds web/app.wasm with, so the difference is
// Porta's code and not a flag.
func TestHelloBuildFlags(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	var rule string
	for _, line := range strings.Split(string(mk), "\n") {
		if strings.Contains(line, "-o $@ ./cmd/porta-app") {
			rule = line
		}
	}
	if !strings.Contains(rule, "GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@") {
		t.Fatalf("the Makefile's app.wasm rule changed (%q): update helloBuildArgs", rule)
	}
	got := strings.Join(helloBuildArgs("OUT"), " ")
	if got != "build -trimpath -ldflags=-s -w -o OUT "+helloPkg {
		t.Errorf("helloBuildArgs = %q", got)
	}
}

// TestCompressedSizes checks the in-memory sizes against known output:
// brotli at quality 11 and gzip -9 of a short repetitive file.
func TestCompressedSizes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, bytes.Repeat([]byte("porta "), 10_000), 0o644); err != nil {
		t.Fatal(err)
	}
	br, err := brotliSize(path)
	if err != nil || br <= 0 || br > 100 {
		t.Errorf("brotli: %d bytes, %v; want a few dozen", br, err)
	}
	gz, err := gzipSize(path)
	if err != nil || gz <= 0 || gz > 1000 {
		t.Errorf("gzip: %d bytes, %v", gz, err)
	}
}
