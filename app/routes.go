package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// Route paths of the app. ga.Route and every link use these constants; the
// server prerenders the same list.
const (
	PathSignIn         = "/"
	PathPassword       = "/signin/password"
	PathChangePassword = "/signin/change-password"
	PathAccount        = "/account"
	PathForgot         = "/forgot"
)

// routes pairs each path with the page it shows.
var routes = []struct {
	path string
	page func() ga.Composer
}{
	{PathSignIn, func() ga.Composer { return &signInPage{} }},
	{PathPassword, func() ga.Composer { return &passwordPage{} }},
	{PathChangePassword, func() ga.Composer { return &changePasswordPage{} }},
	{PathAccount, func() ga.Composer { return &accountPage{} }},
	{PathForgot, func() ga.Composer { return &forgotPage{} }},
}

// Paths returns every route path, in a new slice.
func Paths() []string {
	paths := make([]string, len(routes))
	for i, r := range routes {
		paths[i] = r.path
	}
	return paths
}

// RegisterRoutes registers every page with go-app. Both the WebAssembly
// main and the server (to prerender) call it.
func RegisterRoutes() {
	for _, r := range routes {
		ga.Route(r.path, r.page)
	}
}
