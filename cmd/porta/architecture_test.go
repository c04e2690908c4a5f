package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const modulePath = "github.com/porta-id/porta"

// archRule is one row of the table in docs/architecture.md.
type archRule struct {
	mayImport []string // module-relative packages and outside modules
	any       bool
	never     []string // standard packages
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readArchTable reads the package table of docs/architecture.md: rows whose
// first cell is a backticked package.
func readArchTable(tb testing.TB, path string) map[string]archRule {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rules := map[string]archRule{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(strings.Trim(strings.TrimSpace(sc.Text()), "|"), "|")
		if len(cells) != 4 {
			continue
		}
		pkg := backticked.FindStringSubmatch(cells[0])
		if pkg == nil {
			continue
		}
		var r archRule
		r.any = strings.TrimSpace(cells[2]) == "any"
		for _, m := range backticked.FindAllStringSubmatch(cells[2], -1) {
			r.mayImport = append(r.mayImport, m[1])
		}
		for _, m := range backticked.FindAllStringSubmatch(cells[3], -1) {
			r.never = append(r.never, m[1])
		}
		if _, dup := rules[pkg[1]]; dup {
			tb.Errorf("%s: two rows for %s", path, pkg[1])
		}
		rules[pkg[1]] = r
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(rules) == 0 {
		tb.Fatalf("%s: no package table", path)
	}
	return rules
}

// listImports returns the non-test imports of every package in the module,
// module-relative, for the host and for js/wasm together.
func listImports(tb testing.TB, root string) map[string][]string {
	tb.Helper()
	imports := map[string][]string{}
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports", "./...")
		cmd.Dir, cmd.Env = root, append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			tb.Fatalf("go list %v: %v", env, err)
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		for {
			var p struct {
				ImportPath string
				Imports    []string
			}
			if err := dec.Decode(&p); err == io.EOF {
				break
			} else if err != nil {
				tb.Fatal(err)
			}
			pkg := relative(p.ImportPath)
			for _, imp := range p.Imports {
				if !slices.Contains(imports[pkg], imp) {
					imports[pkg] = append(imports[pkg], imp)
				}
			}
			if _, ok := imports[pkg]; !ok {
				imports[pkg] = nil
			}
		}
	}
	return imports
}

func relative(importPath string) string {
	if importPath == modulePath {
		return "."
	}
	return strings.TrimPrefix(importPath, modulePath+"/")
}

func isStandard(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return !strings.Contains(first, ".")
}

// allows reports whether r lets a package import imp.
func (r archRule) allows(imp string) bool {
	if r.any {
		return true
	}
	if isStandard(imp) {
		return !slices.Contains(r.never, imp)
	}
	if own, ok := strings.CutPrefix(imp, modulePath+"/"); ok {
		return slices.Contains(r.mayImport, own)
	}
	for _, m := range r.mayImport {
		if imp == m || strings.HasPrefix(imp, m+"/") {
			return true
		}
	}
	return false
}

// TestArchitecture holds every package to its row in docs/architecture.md.
func TestArchitecture(t *testing.T) {
	rules := readArchTable(t, "../../docs/architecture.md")
	imports := listImports(t, "../..")
	for pkg, imps := range imports {
		r, ok := rules[pkg]
		if !ok {
			t.Errorf("%s has no row in docs/architecture.md", pkg)
			continue
		}
		for _, imp := range imps {
			if !r.allows(imp) {
				t.Errorf("%s imports %s, which docs/architecture.md does not allow", pkg, imp)
			}
		}
	}
	for pkg := range rules {
		if _, ok := imports[pkg]; !ok {
			t.Errorf("docs/architecture.md has a row for %s, which is not a package", pkg)
		}
	}
}

func TestArchRuleAllows(t *testing.T) {
	r := archRule{mayImport: []string{"api/store", "go.etcd.io/bbolt"}, never: []string{"net/http"}}
	for imp, want := range map[string]bool{
		"context":                         true,
		"net/http":                        false,
		modulePath + "/api/store":         true,
		modulePath + "/api/store/bolt":    false,
		modulePath + "/app":               false,
		"go.etcd.io/bbolt":                true,
		"go.etcd.io/bbolt/errors":         true,
		"go.etcd.io/bboltx":               false,
		"github.com/jackc/pgx/v5/pgxpool": false,
	} {
		if got := r.allows(imp); got != want {
			t.Errorf("allows(%s) = %v, want %v", imp, got, want)
		}
	}
}
