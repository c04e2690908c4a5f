package identity_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// jsonFields lists the JSON names of t's fields, nested ones included, as
// json.Marshal would write them.
func jsonFields(t reflect.Type, seen map[reflect.Type]bool, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = true
		jsonFields(f.Type, seen, out)
	}
}

// TestNoSecretOnTheWire fails when a response type of any route could
// carry a secret field of a store record (a password or code hash, a
// factor's key): records reach the wire only through identity's views.
func TestNoSecretOnTheWire(t *testing.T) {
	secret := map[string]string{
		"passwordHash": "store.Account", "secretHash": "store.Session", "secret": "store.Factor",
		"codeHash": "store.Factor", "hash": "store.Token", "lastStep": "store.Factor",
	}
	// The table above must name every secret-bearing field of the records.
	for _, rec := range []any{store.Account{}, store.Session{}, store.Factor{}, store.Token{}} {
		for f := range reflect.TypeOf(rec).Fields() {
			if n := strings.ToLower(f.Name); strings.Contains(n, "hash") || strings.Contains(n, "secret") {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if _, ok := secret[name]; !ok {
					t.Errorf("%T.%s looks secret but is not in the list", rec, f.Name)
				}
			}
		}
	}
	for _, r := range api.Routes() {
		if r.Response == nil {
			continue
		}
		fields := map[string]bool{}
		jsonFields(r.Response, map[reflect.Type]bool{}, fields)
		for name, record := range secret {
			if fields[name] {
				t.Errorf("%s answers with a %q field, as %s has", r, name, record)
			}
		}
		if p := r.Response.PkgPath(); p != "" && !strings.HasSuffix(p, "/api") && !strings.HasSuffix(p, "/api/policy") {
			t.Errorf("%s answers with %s, not a contract type", r, r.Response)
		}
	}
}
