//go:build !(js && wasm)

package app

import (
	"context"
	"errors"

	"github.com/porta-id/porta/api"
)

// client stands in off the browser, where pages are only prerendered and
// never call the API: every call reports api.CodeNetwork. Tests replace it.
var client = api.NewClient(unreachable{})

type unreachable struct{}

func (unreachable) Do(context.Context, string, string, []byte) (int, []byte, error) {
	return 0, nil, errors.New("app: the API is only reachable from the browser")
}
