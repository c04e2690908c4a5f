//go:build js && wasm

package app

import "github.com/porta-id/porta/api"

// client reaches the server that served the app through the browser's fetch.
var client = api.NewClient(api.FetchTransport{})
