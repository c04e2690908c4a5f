package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// This file is the one place the app meets WebAuthn in the browser:
// navigator.credentials.create and get. The server speaks WebAuthn's JSON
// (base64url for bytes); browsers that have
// PublicKeyCredential.parseCreationOptionsFromJSON and toJSON convert it
// themselves, and for the others the few byte fields are converted here.

// Error codes of passkey ceremonies that end in the browser, not on the
// server: the person cancelled or let it time out, the browser has no
// passkeys, or this device already holds a passkey of the account.
const (
	codePasskeyCancelled   = "passkey_cancelled"
	codePasskeyUnsupported = "passkey_unsupported"
	codePasskeyExists      = "passkey_exists"
)

// passkeysSupported reports whether this browser has WebAuthn.
func passkeysSupported() bool { return ga.Window().Get("PublicKeyCredential").Truthy() }

// createPasskey runs navigator.credentials.create with the server's
// options and returns the new credential as WebAuthn's JSON.
func createPasskey(ctx context.Context, options json.RawMessage) (json.RawMessage, error) {
	return credentials(ctx, "create", options, "")
}

// getPasskey runs navigator.credentials.get with the server's options;
// with conditional, the browser offers its passkeys in the autofill of
// the email field instead of asking at once.
func getPasskey(ctx context.Context, options json.RawMessage, conditional bool) (json.RawMessage, error) {
	mediation := ""
	if conditional {
		mediation = "conditional"
	}
	return credentials(ctx, "get", options, mediation)
}

// ceremony runs one passkey ceremony: the server's options (start), the
// browser's answer to them (ask: createPasskey or getPasskey), and the
// server's verdict on that answer (finish).
func ceremony[T any](cx context.Context, start func() (api.PasskeyOptions, error), ask func(json.RawMessage) (json.RawMessage, error), finish func(api.PasskeyOptions, json.RawMessage) (T, error)) (T, error) {
	var zero T
	opts, err := start()
	if err != nil {
		return zero, err
	}
	answer, err := ask(opts.PublicKey)
	if err != nil {
		return zero, err
	}
	return finish(opts, answer)
}

// conditionalMediation reports, once the browser has said, whether it
// offers passkeys in autofill.
func conditionalMediation(ctx context.Context) bool {
	pkc := ga.Window().Get("PublicKeyCredential")
	if !pkc.Truthy() || !pkc.Get("isConditionalMediationAvailable").Truthy() {
		return false
	}
	ok, err := await(ctx, pkc.Call("isConditionalMediationAvailable"), nil)
	return err == nil && ok.Truthy() && ok.Bool()
}

// platformPasskeys reports whether this device can make a passkey of its
// own, behind Face ID, a fingerprint or its PIN.
func platformPasskeys(ctx context.Context) bool {
	pkc := ga.Window().Get("PublicKeyCredential")
	if !pkc.Truthy() {
		return false
	}
	ok, err := await(ctx, pkc.Call("isUserVerifyingPlatformAuthenticatorAvailable"), nil)
	return err == nil && ok.Truthy() && ok.Bool()
}

// credentials calls navigator.credentials[method] and waits for it; ctx
// ending aborts the ceremony.
func credentials(ctx context.Context, method string, options json.RawMessage, mediation string) (cred json.RawMessage, err error) {
	if !passkeysSupported() {
		return nil, passkeyError(codePasskeyUnsupported, msgPasskeyUnsupported)
	}
	defer func() { // a JavaScript exception (malformed options) is a Go panic here
		if r := recover(); r != nil {
			cred, err = nil, &api.Error{Code: api.CodeInvalidRequest, Message: fmt.Sprint(r)}
		}
	}()
	w := ga.Window()
	abort := w.Get("AbortController").New()
	req := w.Get("Object").New()
	req.Set("publicKey", publicKeyOptions(method, w.Get("JSON").Call("parse", string(options))))
	req.Set("signal", abort.Get("signal"))
	if mediation != "" {
		req.Set("mediation", mediation)
	}
	v, err := await(ctx, w.Get("navigator").Get("credentials").Call(method, req), abort)
	if err != nil {
		return nil, err
	}
	if !v.Truthy() {
		return nil, passkeyError(codePasskeyCancelled, msgPasskeyCancelled)
	}
	return json.RawMessage(w.Get("JSON").Call("stringify", credentialJSON(v)).String()), nil
}

// await waits for promise; ctx ending calls abort (when given) and waits
// for the promise to give up. A rejection is the person's or the
// browser's refusal, told apart by the DOMException's name.
func await(ctx context.Context, promise, abort ga.Value) (ga.Value, error) {
	type outcome struct {
		v      ga.Value
		failed bool
	}
	settled := make(chan outcome, 1)
	resolve := ga.FuncOf(func(_ ga.Value, args []ga.Value) any { settled <- outcome{v: args[0]}; return nil })
	reject := ga.FuncOf(func(_ ga.Value, args []ga.Value) any { settled <- outcome{v: args[0], failed: true}; return nil })
	defer resolve.Release()
	defer reject.Release()
	promise.Call("then", resolve, reject)
	var o outcome
	select {
	case o = <-settled:
	case <-ctx.Done():
		if abort != nil {
			abort.Call("abort")
		}
		o = <-settled
	}
	if !o.failed {
		return o.v, nil
	}
	switch o.v.Get("name").String() {
	case "InvalidStateError":
		return nil, passkeyError(codePasskeyExists, msgPasskeyExists)
	case "NotAllowedError", "AbortError":
		return nil, passkeyError(codePasskeyCancelled, msgPasskeyCancelled)
	}
	return nil, passkeyError(codePasskeyUnsupported, msgPasskeyUnsupported)
}

func passkeyError(code string, m msg) error { return &api.Error{Code: code, Message: tr(m)} }

// publicKeyOptions turns the server's JSON options into what the browser
// takes: by the browser's own parser when it has one, else by decoding
// the byte fields WebAuthn names.
func publicKeyOptions(method string, options ga.Value) ga.Value {
	pkc := ga.Window().Get("PublicKeyCredential")
	parse, list := "parseRequestOptionsFromJSON", "allowCredentials"
	if method == "create" {
		parse, list = "parseCreationOptionsFromJSON", "excludeCredentials"
	}
	if pkc.Get(parse).Truthy() {
		return pkc.Call(parse, options)
	}
	decodeField(options, "challenge")
	if user := options.Get("user"); user.Truthy() {
		decodeField(user, "id")
	}
	if creds := options.Get(list); creds.Truthy() {
		for i := range creds.Length() {
			decodeField(creds.Index(i), "id")
		}
	}
	return options
}

// credentialJSON is a new or used credential as WebAuthn's JSON: toJSON
// where the browser has it, else built here.
func credentialJSON(cred ga.Value) ga.Value {
	if cred.Get("toJSON").Truthy() {
		return cred.Call("toJSON")
	}
	res := cred.Get("response")
	out := ga.Window().Get("Object").New()
	out.Set("id", cred.Get("id"))
	out.Set("rawId", encodeBytes(cred.Get("rawId")))
	out.Set("type", cred.Get("type"))
	out.Set("authenticatorAttachment", cred.Get("authenticatorAttachment"))
	out.Set("clientExtensionResults", cred.Call("getClientExtensionResults"))
	r := ga.Window().Get("Object").New()
	for _, name := range []string{"clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle"} {
		if b := res.Get(name); b.Truthy() {
			r.Set(name, encodeBytes(b))
		}
	}
	if res.Get("getTransports").Truthy() {
		r.Set("transports", res.Call("getTransports"))
	}
	out.Set("response", r)
	return out
}

// decodeField replaces v[name], base64url text, with its bytes.
func decodeField(v ga.Value, name string) {
	b, err := base64.RawURLEncoding.DecodeString(v.Get(name).String())
	if err != nil {
		return
	}
	arr := ga.Window().Get("Uint8Array").New(len(b))
	ga.CopyBytesToJS(arr, b)
	v.Set(name, arr)
}

// encodeBytes is an ArrayBuffer as base64url text.
func encodeBytes(buf ga.Value) string {
	arr := ga.Window().Get("Uint8Array").New(buf)
	b := make([]byte, arr.Length())
	ga.CopyBytesToGo(b, arr)
	return base64.RawURLEncoding.EncodeToString(b)
}
