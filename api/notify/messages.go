package notify

import (
	"fmt"
	"time"
)

// productName is how emails name the service.
const productName = "Porta"

// What emails say, kept together so a translation can reach every string.
// Each entry takes fmt arguments; translations may reorder them with %[n]s.
var messagesEN = map[string]string{
	"why.account":               "You received this email because it concerns your Porta account. If you did not expect it, you can ignore it; nobody can use it without access to your mailbox.",
	"why.security":              "We send this notice whenever something important changes on your Porta account. If it was not you, reset your password at once and sign out your other sessions.",
	"reset.subject":             "Reset your password",
	"reset.heading":             "Reset your Porta password",
	"reset.body":                "Someone, hopefully you, asked to reset the password of the Porta account %s. The link works once, for %s.",
	"reset.action":              "Choose a new password",
	"reset.ignore":              "If you did not ask for this, ignore this email: your password stays as it is.",
	"activate.subject":          "Activate your account",
	"activate.heading":          "Welcome to Porta",
	"activate.body":             "%s invited you to sign in with Porta, the one account for every product you use at work. Activate your account %s by choosing a password. The link works once, for %s.",
	"activate.action":           "Activate your account",
	"invited.subject":           "Join %s on Porta",
	"invited.heading":           "You are invited to %s",
	"invited.body":              "%s invited your Porta account %s to join %s.",
	"invited.consent":           "You join only if you accept. Open your account page, signing in first if needed, to accept or decline; the invitation stays open for %s.",
	"invited.action":            "Answer the invitation",
	"find.subject":              "Your sign-in addresses",
	"find.heading":              "Where you can sign in",
	"find.body":                 "Someone, hopefully you, asked which organizations the Porta account %s belongs to. Sign in at the address of the one you need:",
	"find.none":                 "The Porta account %s does not belong to any organization yet. Ask the person who invited you to check the address they used.",
	"changed.subject":           "Your password was changed",
	"changed.heading":           "Your Porta password was changed",
	"changed.body":              "The password of your Porta account %s was changed on %s from %s. Your other sessions were signed out.",
	"reset-done.subject":        "Your password was reset",
	"reset-done.heading":        "Your Porta password was reset",
	"reset-done.body":           "The password of your Porta account %s was reset with an emailed link on %s from %s. Every session was signed out.",
	"second-locked.subject":     "Two-step verification on your account is locked",
	"second-locked.heading":     "Someone who knows your password is trying to get in",
	"second-locked.body":        "Too many wrong codes were entered at the second sign-in step of your Porta account %s, the last on %s from %s. They got past your password, so your password is known to someone else. Two-step verification is now locked: reset your password by email to choose a new one and unlock it.",
	"second-locked.action":      "Reset your password",
	"device.subject":            "New sign-in to your Porta account",
	"device.heading":            "A new device signed in",
	"device.body":               "Your Porta account %[1]s was signed in to from %[2]s on %[3]s. If this was you, there is nothing to do.",
	"twostep.subject":           "Your two-step verification changed",
	"twostep.heading":           "Two-step verification changed",
	"twostep.totp-added":        "An authenticator app was added as a second step.",
	"twostep.sms-added":         "A phone number was added to receive sign-in codes.",
	"twostep.totp-removed":      "The authenticator app was removed.",
	"twostep.sms-removed":       "The phone number for sign-in codes was removed.",
	"twostep.emergency-removed": "The emergency code was removed.",
	"twostep.passkey-added":     "A passkey was added: it signs you in with Face ID, a fingerprint, a device PIN or a security key.",
	"twostep.passkey-removed":   "A passkey was removed; it no longer signs you in.",
	"twostep.emergency-new":     "A new emergency code was issued; the old one no longer works.",
	"twostep.emergency-used":    "Your emergency code was used to sign in. A new one was issued.",
	"twostep.off":               "Two-step verification was turned off with the emergency code.",
	"twostep.when":              "Account %s, %s, from %s.",
	"notice.action":             "Review your account",
	"link.subject":              "%s is your Porta verification code",
	"link.heading":              "Confirm your email address",
	"link.body":                 "%s, used at %s, is moving its sign-in to Porta. To connect your account there to Porta, we need to know that this email address is yours.",
	"link.create":               "When you enter the code, a new Porta account is created for %s and connected.",
	"link.existing":             "When you enter the code, your existing Porta account %s is connected.",
	"link.valid":                "Enter this code on the page that asked for it. It is valid for %s:",
	"link.ignore":               "If you did not ask for this code, ignore this email: nothing changes, and nobody can use the code without access to your mailbox.",
	"inviter.operator":          "Your administrator",
	"inviter.org":               "%s (%s)",
}

// tr returns the message for key with args filled in.
func tr(key string, args ...any) string {
	msg, ok := messagesEN[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// stamp formats a moment for a notice email.
func stamp(t time.Time) string { return t.UTC().Format("2 January 2006 at 15:04 UTC") }
