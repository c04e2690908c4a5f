// Command porta-app is the Porta PWA, compiled to web/app.wasm:
//
//	GOOS=js GOARCH=wasm go build -o web/app.wasm ./cmd/porta-app
package main

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/app"
)

func main() {
	app.RegisterRoutes()
	ga.RunWhenOnBrowser()
}
