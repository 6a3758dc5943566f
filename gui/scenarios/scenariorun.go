package scenarios

import (
	"context"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets/scenario"
)

// scenarioRun is one run of the Scenarios view's file: its scenarios one
// after another, on a goroutine of its own, until they end or Stop.
type scenarioRun struct {
	cancel context.CancelFunc
	done   chan struct{} // closed once the goroutine has ended
}

// onRun reads the file again (it may have been edited) and runs it.
func (v *View) onRun() {
	if v.Run != nil || v.Path == "" {
		return
	}
	if v.Load(v.Path) != nil {
		return // the summary says why
	}
	scs := v.scenarios
	ctx, cancel := context.WithCancel(context.Background())
	run := &scenarioRun{cancel: cancel, done: make(chan struct{})}
	v.Run = run
	v.setState(0, 0, StepRunning)
	v.refresh()
	events, do := v.host.Events, v.host.Do
	go func() {
		defer close(run.done)
		for i, sc := range scs {
			if ctx.Err() != nil {
				break
			}
			// OnStep runs on the engine's goroutines, one call at a time:
			// it only hands the result to the UI goroutine.
			scenario.Run(ctx, sc, scenario.Options{
				OnStep:       func(r scenario.StepResult) { do(func() { v.stepDone(run, i, r) }) },
				Events:       events,
				CaptureBytes: logview.CaptureBytes,
			})
			do(func() { v.scenarioDone(run, i) })
		}
		do(func() { v.runDone(run) })
	}()
}

// stepDone marks a step of scenario sc as it ended, and the next one as
// running. The first failure is selected, so its difference shows.
func (v *View) stepDone(run *scenarioRun, sc int, r scenario.StepResult) {
	if v.Run != run {
		return
	}
	i := v.rowOf(sc, r.Index)
	if i < 0 {
		return
	}
	v.Rows[i].Result = r
	switch r.Status {
	case scenario.Passed:
		v.Rows[i].State = StepPassed
		v.setState(sc, r.Index+1, StepRunning)
	case scenario.Failed:
		v.Rows[i].State = stepFailed
		if !v.anyFailedBefore(i) {
			v.List.Select(i)
			v.List.ScrollTo(i)
		}
	default:
		v.Rows[i].State = stepSkipped
	}
	v.refresh()
}

func (v *View) anyFailedBefore(i int) bool {
	for _, r := range v.Rows[:i] {
		if r.State == stepFailed {
			return true
		}
	}
	return false
}

// setState sets scenario sc's step's state (0: the connection), if listed.
func (v *View) setState(sc, step int, s stepState) {
	if i := v.rowOf(sc, step); i >= 0 {
		v.Rows[i].State = s
	}
}

// scenarioDone marks scenario sc run and the next one's connection running.
func (v *View) scenarioDone(run *scenarioRun, sc int) {
	if v.Run != run {
		return
	}
	for i := range v.Rows {
		if v.Rows[i].Heading && v.Rows[i].sc == sc {
			v.Rows[i].finished = true
		}
	}
	v.setState(sc+1, 0, StepRunning)
	v.refresh()
}

// runDone ends the run, marking steps that never ran (stopped) skipped.
func (v *View) runDone(run *scenarioRun) {
	if v.Run != run {
		return
	}
	run.cancel()
	v.Run = nil
	for i := range v.Rows {
		if r := &v.Rows[i]; !r.Heading && (r.State == stepPending || r.State == StepRunning) {
			r.State = stepSkipped
		}
	}
	v.refresh()
}

// onStop stops the run: the step under way fails as stopped, and the
// rest are skipped.
func (v *View) onStop() {
	if v.Run != nil {
		v.Run.cancel()
	}
}

// Shutdown stops a run and waits for it to end; used when the main window
// closes.
func (v *View) Shutdown() {
	if run := v.Run; run != nil {
		run.cancel()
		<-run.done
	}
	v.Win.Close()
}
