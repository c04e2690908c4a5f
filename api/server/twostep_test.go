package server_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/testkit"
)

func TestTwoStepAPI(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	ann := e.MustSignIn(t)

	_, err := e.MustClient(t).StartTOTP(ctx, "")
	wantAPIError(t, err, 401, api.CodeUnauthenticated)
	setup, err := ann.StartTOTP(ctx, "")
	if err != nil || setup.QRCode == "" {
		t.Fatalf("start totp: %+v %v", setup, err)
	}
	qr := e.rawWithClient(t, ann, setup.QRCode)
	if qr.status != 200 || qr.header.Get("Content-Type") != "image/png" || qr.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(qr.body, "\x89PNG") {
		t.Fatalf("qr: %d %v", qr.status, qr.header)
	}
	_, err = ann.ConfirmTOTP(ctx, "123")
	wantAPIError(t, err, 400, api.CodeInvalidCode)
	if _, err := ann.ConfirmTOTP(ctx, testkit.MustCode(t, setup.Key, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	code, err := ann.NewEmergencyCode(ctx, "")
	if err != nil || len(code.Code) != 24 {
		t.Fatalf("emergency: %+v %v", code, err)
	}
	state, err := ann.TwoStep(ctx)
	if err != nil || !state.Enabled || len(state.Factors) != 2 {
		t.Fatalf("two-step: %+v %v", state, err)
	}

	e.clock.Advance(time.Minute)
	c := e.MustClient(t)
	res, err := c.SignInPassword(ctx, annEmail, annPassword)
	if err != nil || res.Next != api.NextSecondFactor || res.Default != api.MethodTOTP || strings.Join(res.Methods, ",") != "totp,emergency" || !res.CanRememberDevice {
		t.Fatalf("after the password: %+v %v", res, err)
	}
	_, err = c.Session(ctx)
	wantAPIError(t, err, 401, api.CodeUnauthenticated)
	_, err = c.SignInTOTP(ctx, api.SecondFactorRequest{Code: "000000"})
	wantAPIError(t, err, 400, api.CodeInvalidCode)
	done, err := c.SignInTOTP(ctx, api.SecondFactorRequest{Code: testkit.MustCode(t, setup.Key, e.clock.Now())})
	if err != nil || done.Next != api.NextDone {
		t.Fatalf("totp: %+v %v", done, err)
	}
	s, err := c.Session(ctx)
	if err != nil || strings.Join(s.AMR, ",") != "pwd,otp,mfa" || !s.TwoStep.Enabled {
		t.Fatalf("session: %+v %v", s, err)
	}
}

// rawWithClient GETs path with a client's cookies.
func (e *env) rawWithClient(tb testing.TB, c *api.Client, path string) rawResponse {
	tb.Helper()
	hc := c.Transport.(*api.HTTPTransport).Client
	resp, err := hc.Get(e.url + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return rawResponse{resp.StatusCode, resp.Header, string(b)}
}
