package app

import (
	"net/url"
	"strings"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// pendingRequest is a product's sign-in request that the person is
// signing in for. It waits in sessionStorage for this tab and in
// localStorage for the tab an emailed reset or activation link opens, so
// that finishing sign-in there still goes back to the product.
type pendingRequest struct {
	ID     string `json:"id"`
	Client string `json:"client,omitempty"`
	// URL resumes the request at the server (api.ContinueURL).
	URL   string    `json:"url"`
	Saved time.Time `json:"saved"`
}

// keyPendingRequest (sessionStorage and localStorage) holds the
// pendingRequest.
const keyPendingRequest = "porta.pendingRequest"

// pendingRequestLifetime is how long a remembered request waits: as long
// as the provider keeps a request open.
const pendingRequestLifetime = 30 * time.Minute

// loadPage leaves the app for a server address, with a full page load:
// /oidc/continue and a product's redirect URI are not routes of the app.
// Tests replace it.
var loadPage = func(ctx ga.Context, rawURL string) {
	ga.Window().Get("location").Set("href", rawURL)
}

// rememberRequest keeps r, saved now, for finishSignIn. A URL that is not
// the server's continue address is replaced by the one for r.ID.
func rememberRequest(ctx ga.Context, r pendingRequest) {
	if !strings.HasPrefix(r.URL, api.ContinuePath+"?") {
		r.URL = api.ContinueURL(url.QueryEscape(r.ID))
	}
	r.Saved = time.Now()
	ctx.SessionStorage().Set(keyPendingRequest, r)
	ctx.LocalStorage().Set(keyPendingRequest, r)
}

// rememberedRequest returns the request sign-in is for: this tab's, else
// the browser's. One older than pendingRequestLifetime is forgotten.
func rememberedRequest(ctx ga.Context) (pendingRequest, bool) {
	for _, s := range [...]ga.BrowserStorage{ctx.SessionStorage(), ctx.LocalStorage()} {
		var r pendingRequest
		if s.Get(keyPendingRequest, &r) != nil || r.ID == "" {
			continue
		}
		if time.Since(r.Saved) < pendingRequestLifetime {
			return r, true
		}
		s.Del(keyPendingRequest)
	}
	return pendingRequest{}, false
}

func forgetRequest(ctx ga.Context) {
	ctx.SessionStorage().Del(keyPendingRequest)
	ctx.LocalStorage().Del(keyPendingRequest)
}

// finishSignIn is where every sign-in ends once it is complete: on a
// phone that may get a passkey, the offer of one first; then leaveSignIn.
func finishSignIn(ctx ga.Context) {
	if mayOfferPasskey(ctx) {
		ctx.Navigate(PathPasskeyOffer)
		return
	}
	leaveSignIn(ctx)
}

// leaveSignIn goes back to the product the person is signing in for,
// which happens once, or else to the account page.
func leaveSignIn(ctx ga.Context) {
	if r, ok := rememberedRequest(ctx); ok {
		forgetRequest(ctx)
		loadPage(ctx, r.URL)
		return
	}
	ctx.Navigate(PathAccount)
}
