package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/porta-id/porta/api"
)

// TestRoutesRegistered checks that the server answers every route of the
// api table: a method no route uses gets 405 with Allow naming the route's
// method, never 404.
func TestRoutesRegistered(t *testing.T) {
	e := MustServer(t)
	for _, rt := range api.Routes() {
		t.Run(rt.String(), func(t *testing.T) {
			res := e.raw(t, http.MethodPut, rt.Fill("x"), "application/json", "", "{}")
			if res.status != http.StatusMethodNotAllowed || !strings.Contains(res.body, api.CodeMethodNotAllowed) {
				t.Fatalf("PUT %s = %d %s, want 405 %s", rt.Path, res.status, res.body, api.CodeMethodNotAllowed)
			}
			if allow := strings.Split(res.header.Get("Allow"), ", "); !slices.Contains(allow, rt.Method) {
				t.Fatalf("Allow = %q, want it to name %s", allow, rt.Method)
			}
		})
	}
}

// TestRoutesRefuseGarbage sends every route broken and hostile bodies from
// a signed-in browser: each must answer a JSON 4xx error, never a 5xx.
func TestRoutesRefuseGarbage(t *testing.T) {
	e := MustServer(t)
	ann := e.MustSignIn(t)
	bodies := []string{`{"x":`, `[]`, `{"id":{"a":1},"email":7,"code":null}`, `{"name":"` + strings.Repeat("\u202e", 300) + `"}`}
	for _, rt := range api.Routes() {
		if rt.Path == api.RouteSignOut.Path || rt.Path == api.RouteSessionsRevokeOthers.Path {
			continue // they take no body and would end Ann's session
		}
		for _, body := range bodies {
			status := e.callWithClient(t, ann, rt.Method, rt.Fill("x"), body)
			if status < 400 && rt.Request != nil || status >= 500 {
				t.Errorf("%s with %.20q: %d, want a 4xx", rt, body, status)
			}
		}
	}
}
