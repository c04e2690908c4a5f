// Package web holds Porta's static files — icons, the style sheet and the
// built app.wasm — so the server binary can embed and serve them under /web/.
package web

import "embed"

// FS is this folder. The pattern matches the committed files, so the
// module builds before make has produced app.wasm. It holds this Go file
// too: serve only Assets from it.
//
//go:embed *
var FS embed.FS

// Assets are the files served under /web/, the only ones: the style sheet,
// the icons and manifest art, and app.wasm with its brotli and gzip copies
// (absent until make has built them). Anything else in FS is not served.
var Assets = []string{
	"porta.css",
	"icon.svg",
	"icon-192.png",
	"icon-512.png",
	"icon-maskable-512.png",
	"app.wasm",
	"app.wasm.br",
	"app.wasm.gz",
}
