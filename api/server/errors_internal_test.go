package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/porta-id/porta/api"
)

// Every error code of the api contract must have a status, so a new code
// cannot silently fall back to 400; and the table holds no other code.
func TestEveryCodeHasAStatus(t *testing.T) {
	codes := apiCodes(t)
	for name, code := range codes {
		if _, ok := statusOf[code]; !ok && code != api.CodeNetwork {
			t.Errorf("api.%s (%q) has no HTTP status", name, code)
		}
	}
	for code := range statusOf {
		known := code == codeMisdirected
		for _, c := range codes {
			known = known || c == code
		}
		if !known {
			t.Errorf("statusOf maps %q, which is not an api code", code)
		}
	}
}

// apiCodes reads the Code… constants of package api from its source.
func apiCodes(t *testing.T) map[string]string {
	f, err := parser.ParseFile(token.NewFileSet(), "../errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		v, ok := n.(*ast.ValueSpec)
		if !ok || len(v.Values) != 1 || !strings.HasPrefix(v.Names[0].Name, "Code") {
			return true
		}
		if lit, ok := v.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			codes[v.Names[0].Name], _ = strconv.Unquote(lit.Value)
		}
		return true
	})
	if len(codes) < 10 {
		t.Fatalf("found only %d codes in api/errors.go", len(codes))
	}
	return codes
}
