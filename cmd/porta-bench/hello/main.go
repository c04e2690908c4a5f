// Command hello is go-app's floor: the smallest app, one route and one
// component rendering a heading. porta-bench builds it to WebAssembly with
// the flags of web/app.wasm and reports Porta's size over it; it is never
// served.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type hello struct{ app.Compo }

func (*hello) Render() app.UI { return app.H1().Text("Hello") }

func main() {
	app.Route("/", func() app.Composer { return &hello{} })
	app.RunWhenOnBrowser()
}
