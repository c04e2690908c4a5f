package server_test

import (
	"context"
	"slices"
	"testing"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/testkit"
)

// TestPasskeySignIn: a passkey added over the API signs a new browser in
// with nothing typed; its challenge works only in the browser that asked
// for it, once.
func TestPasskeySignIn(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	ann := e.MustSignIn(t)
	// The relying party is the identity service's public address, localhost.
	key := &testkit.Authenticator{Origin: "http://localhost:8080", UserVerified: true, Synced: true}
	opts, err := ann.StartPasskey(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	made, err := key.Create(opts.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ann.AddPasskey(ctx, opts.Ceremony, "", made)
	if err != nil || f.Kind != "passkey" || f.Name != "Chrome on Linux" || !f.Synced {
		t.Fatalf("added %+v, %v", f, err)
	}
	if two, err := ann.TwoStep(ctx); err != nil || len(two.Factors) != 1 || two.Factors[0].Name != "Chrome on Linux" {
		t.Fatalf("methods %+v, %v", two, err)
	}

	browser, thief := e.MustClient(t), e.MustClient(t)
	begun, err := browser.StartPasskeySignIn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := key.Get(begun.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	// Another browser cannot finish this browser's ceremony.
	_, err = thief.SignInPasskey(ctx, answer)
	wantAPIError(t, err, 400, api.CodePasskeyFailed)
	res, err := browser.SignInPasskey(ctx, answer)
	if err != nil || res.Next != api.NextDone {
		t.Fatalf("passkey sign-in = %+v, %v", res, err)
	}
	if s, err := browser.Session(ctx); err != nil || s.Account.Email != annEmail || !slices.Equal(s.AMR, []string{"swk", "user", "mfa"}) {
		t.Fatalf("session after the passkey: %+v, %v", s, err)
	}
	_, err = browser.SignInPasskey(ctx, answer)
	wantAPIError(t, err, 400, api.CodePasskeyFailed)
}
