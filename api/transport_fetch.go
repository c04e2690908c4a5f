//go:build js && wasm

package api

import (
	"context"
	"errors"
	"syscall/js"
)

// FetchTransport talks to the Porta server that served the app, through the
// browser's fetch. Cookies travel with same-origin requests by default.
type FetchTransport struct{}

// Do implements Transport.
func (FetchTransport) Do(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	headers := map[string]any{"Accept": "application/json"}
	opts := map[string]any{"method": method, "credentials": "same-origin", "cache": "no-store"}
	if body != nil {
		headers["Content-Type"] = "application/json"
		opts["body"] = string(body)
	}
	opts["headers"] = headers

	type result struct {
		status int
		body   []byte
		err    error
	}
	done := make(chan result, 1)
	var onResp, onText, onErr js.Func
	release := func() { onResp.Release(); onText.Release(); onErr.Release() }
	status := 0
	onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{err: errors.New("fetch failed")}
		return nil
	})
	onText = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{status: status, body: []byte(args[0].String())}
		return nil
	})
	onResp = js.FuncOf(func(this js.Value, args []js.Value) any {
		status = args[0].Get("status").Int()
		args[0].Call("text").Call("then", onText, onErr)
		return nil
	})
	js.Global().Call("fetch", path, js.ValueOf(opts)).Call("then", onResp, onErr)

	select {
	case r := <-done:
		release()
		return r.status, r.body, r.err
	case <-ctx.Done():
		// The callbacks may still fire; they write to the buffered channel
		// and are released with the page.
		return 0, nil, ctx.Err()
	}
}
