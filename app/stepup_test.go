package app

import (
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestStepUpPage(t *testing.T) {
	stepUp := api.RouteSignInStepUp.String()
	// open shows the step-up screen for request r1 with the API answering
	// the step-up with r, and returns the page, its context and where
	// the browser was sent.
	open := func(t *testing.T, r reply) (*stepUpPage, ga.Context, *[]string) {
		t.Helper()
		useAPI(t, map[string]reply{requestInfo: {200, requestInfoBody}, stepUp: r})
		urls := loadedPages(t)
		p := newStepUpPage()
		var c ga.Context
		MustRender(t, at(api.StepUpScreen+"?request=r1", func(ctx ga.Context) { c = ctx; p.OnMount(ctx) }))
		return p, c, urls
	}
	t.Run("SecondStep", func(t *testing.T) {
		_, ctx, _ := open(t, reply{200, `{"next":"second_factor","methods":["totp","sms"],"default":"totp"}`})
		var res api.SignInResponse
		if ctx.SessionStorage().Get(keySecondFactor, &res); res.Default != api.MethodTOTP {
			t.Errorf("the second step's methods were not kept for its screen: %+v", res)
		}
		if r, ok := rememberedRequest(ctx); !ok || r.ID != "r1" {
			t.Errorf("the request is not remembered for the end of the second step: %+v", r)
		}
	})
	t.Run("AlreadyDone", func(t *testing.T) {
		_, _, urls := open(t, reply{200, `{"next":"done"}`})
		if strings.Join(*urls, " ") != api.ContinueURL("r1") {
			t.Errorf("went to %q, want back to the product's request", *urls)
		}
	})
	for _, code := range []string{api.CodeUnauthenticated, api.CodePasswordRequired} {
		t.Run("SignInAgain/"+code, func(t *testing.T) {
			p, _, urls := open(t, apiErr(403, code, "server text"))
			if p.step.err != "" || len(*urls) != 0 {
				t.Errorf("showed %q / loaded %q instead of signing in again", p.step.err, *urls)
			}
		})
	}
	t.Run("ErrServer", func(t *testing.T) {
		p, _, _ := open(t, apiErr(500, api.CodeInternal, "Something broke."))
		assertContains(t, MustRender(t, p), "<h1>Two-step verification</h1>", "Acme CRM asks you to confirm", "Something broke.", ">Try again<")
	})
}
