// Package web holds Porta's static files — icons, the style sheet and the
// built app.wasm — so the server binary can embed and serve them under /web/.
package web

import "embed"

// FS is this folder. The pattern matches the committed files, so the
// module builds before make has produced app.wasm.
//
//go:embed *
var FS embed.FS
