package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/porta-id/porta/api/identity"
)

// limitFlags declares the abuse limits as flags (with PORTA_* variables),
// each defaulting to identity.DefaultLimits. docs/operator-guide.md
// ("Security model") explains each.
func limitFlags(fs *flag.FlagSet, l *identity.Limits) {
	d := identity.DefaultLimits
	fs.IntVar(&l.FreeFailures, "failures-free", envInt("PORTA_FAILURES_FREE", d.FreeFailures), "failed sign-ins (or codes) before each further attempt must wait, doubling from 1s (PORTA_FAILURES_FREE)")
	fs.DurationVar(&l.MaxDelay, "failures-max-delay", envDuration("PORTA_FAILURES_MAX_DELAY", d.MaxDelay), "longest wait between failed attempts (PORTA_FAILURES_MAX_DELAY)")
	fs.IntVar(&l.MaxFailures, "failures-lock-after", envInt("PORTA_FAILURES_LOCK_AFTER", d.MaxFailures), "consecutive failed passwords that lock an email for --failures-lock (PORTA_FAILURES_LOCK_AFTER)")
	fs.DurationVar(&l.LockDuration, "failures-lock", envDuration("PORTA_FAILURES_LOCK", d.LockDuration), "how long a password lock lasts (PORTA_FAILURES_LOCK)")
	fs.IntVar(&l.MaxSecondStepFailures, "second-step-lock-after", envInt("PORTA_SECOND_STEP_LOCK_AFTER", d.MaxSecondStepFailures), "consecutive wrong second-step codes that lock it until a password reset (PORTA_SECOND_STEP_LOCK_AFTER)")
	fs.DurationVar(&l.ForgetFailures, "failures-forget", envDuration("PORTA_FAILURES_FORGET", d.ForgetFailures), "forget a failure counter after this long without attempts (PORTA_FAILURES_FORGET)")
	fs.Float64Var(&l.IPFailuresPerMinute, "ip-failures-per-minute", envFloat("PORTA_IP_FAILURES_PER_MINUTE", d.IPFailuresPerMinute), "failed attempts one client address earns back per minute (PORTA_IP_FAILURES_PER_MINUTE)")
	fs.IntVar(&l.IPFailureBurst, "ip-failure-burst", envInt("PORTA_IP_FAILURE_BURST", d.IPFailureBurst), "failed attempts one client address may make at once (PORTA_IP_FAILURE_BURST)")
	fs.Float64Var(&l.IPSendsPerMinute, "ip-sends-per-minute", envFloat("PORTA_IP_SENDS_PER_MINUTE", d.IPSendsPerMinute), "emails and texts one client address may cause per minute (PORTA_IP_SENDS_PER_MINUTE)")
	fs.IntVar(&l.IPSendBurst, "ip-send-burst", envInt("PORTA_IP_SEND_BURST", d.IPSendBurst), "emails and texts one client address may cause at once (PORTA_IP_SEND_BURST)")
	fs.Float64Var(&l.IPChallengesPerMinute, "ip-challenges-per-minute", envFloat("PORTA_IP_CHALLENGES_PER_MINUTE", d.IPChallengesPerMinute), "passkey sign-ins one client address may start per minute (PORTA_IP_CHALLENGES_PER_MINUTE)")
	fs.IntVar(&l.IPChallengeBurst, "ip-challenge-burst", envInt("PORTA_IP_CHALLENGE_BURST", d.IPChallengeBurst), "passkey sign-ins one client address may start at once (PORTA_IP_CHALLENGE_BURST)")
	fs.IntVar(&l.SendsPerAddress, "sends-per-address", envInt("PORTA_SENDS_PER_ADDRESS", d.SendsPerAddress), "emails of one kind to one address per hour (PORTA_SENDS_PER_ADDRESS)")
	fs.IntVar(&l.HashesPerAddress, "hashes-per-address", envInt("PORTA_HASHES_PER_ADDRESS", d.HashesPerAddress), "password checks one client address may have running or queued (PORTA_HASHES_PER_ADDRESS)")
}

// checkLimits refuses figures that would switch a limit off by accident.
func checkLimits(l identity.Limits) error {
	for name, v := range map[string]float64{
		"--failures-free": float64(l.FreeFailures), "--failures-lock-after": float64(l.MaxFailures),
		"--second-step-lock-after": float64(l.MaxSecondStepFailures), "--ip-failures-per-minute": l.IPFailuresPerMinute,
		"--ip-failure-burst": float64(l.IPFailureBurst), "--ip-sends-per-minute": l.IPSendsPerMinute,
		"--ip-send-burst": float64(l.IPSendBurst), "--sends-per-address": float64(l.SendsPerAddress),
		"--ip-challenges-per-minute": l.IPChallengesPerMinute, "--ip-challenge-burst": float64(l.IPChallengeBurst),
		"--hashes-per-address": float64(l.HashesPerAddress),
	} {
		if v <= 0 {
			return usageError{fmt.Sprintf("%s must be positive", name)}
		}
	}
	for name, v := range map[string]time.Duration{
		"--failures-max-delay": l.MaxDelay, "--failures-lock": l.LockDuration, "--failures-forget": l.ForgetFailures,
	} {
		if v <= 0 {
			return usageError{fmt.Sprintf("%s must be positive", name)}
		}
	}
	if l.ForgetFailures < l.MaxDelay {
		return usageError{"--failures-forget must be at least --failures-max-delay"}
	}
	return nil
}
