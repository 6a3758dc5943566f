package gui

import (
	"context"

	"github.com/sockettester/sockettester/gui/exchange"
	"github.com/sockettester/sockettester/sockets/scenario"
)

// scenarioRun is one run of the Scenarios view's file: its scenarios one
// after another, on a goroutine of its own, until they end or Stop.
type scenarioRun struct {
	cancel context.CancelFunc
	done   chan struct{} // closed once the goroutine has ended
}

// onRun reads the file again, as it may have been edited since it was
// opened, and runs its scenarios in order. The steps are marked as they
// end; the connections' events go into the window's event queue.
func (v *scenarioView) onRun() {
	if v.run != nil || v.path == "" {
		return
	}
	if v.load(v.path) != nil {
		return // the summary says why
	}
	scs := v.scenarios
	ctx, cancel := context.WithCancel(context.Background())
	run := &scenarioRun{cancel: cancel, done: make(chan struct{})}
	v.run = run
	v.setState(0, 0, stepRunning)
	v.refresh()
	events, do := v.mw.events, v.mw.do
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
				CaptureBytes: exchange.CaptureBytes,
			})
			do(func() { v.scenarioDone(run, i) })
		}
		do(func() { v.runDone(run) })
	}()
}

// stepDone marks a step of scenario sc as it ended, and the next one as
// running. The first failure is selected, so its difference shows.
func (v *scenarioView) stepDone(run *scenarioRun, sc int, r scenario.StepResult) {
	if v.run != run {
		return
	}
	i := v.rowOf(sc, r.Index)
	if i < 0 {
		return
	}
	v.rows[i].result = r
	switch r.Status {
	case scenario.Passed:
		v.rows[i].state = stepPassed
		v.setState(sc, r.Index+1, stepRunning)
	case scenario.Failed:
		v.rows[i].state = stepFailed
		if !v.anyFailedBefore(i) {
			v.list.Select(i)
			v.list.ScrollTo(i)
		}
	default:
		v.rows[i].state = stepSkipped
	}
	v.refresh()
}

// anyFailedBefore reports whether a row above row i failed.
func (v *scenarioView) anyFailedBefore(i int) bool {
	for _, r := range v.rows[:i] {
		if r.state == stepFailed {
			return true
		}
	}
	return false
}

// setState sets the state of scenario sc's step (0 for the connection),
// if it has one.
func (v *scenarioView) setState(sc, step int, s stepState) {
	if i := v.rowOf(sc, step); i >= 0 {
		v.rows[i].state = s
	}
}

// scenarioDone marks scenario sc as run, and the next one's connection as
// running.
func (v *scenarioView) scenarioDone(run *scenarioRun, sc int) {
	if v.run != run {
		return
	}
	for i := range v.rows {
		if v.rows[i].heading && v.rows[i].sc == sc {
			v.rows[i].finished = true
		}
	}
	v.setState(sc+1, 0, stepRunning)
	v.refresh()
}

// runDone ends the run: steps that never ran (the run was stopped) are
// marked skipped.
func (v *scenarioView) runDone(run *scenarioRun) {
	if v.run != run {
		return
	}
	run.cancel()
	v.run = nil
	for i := range v.rows {
		if r := &v.rows[i]; !r.heading && (r.state == stepPending || r.state == stepRunning) {
			r.state = stepSkipped
		}
	}
	v.refresh()
}

// onStop stops the run: the step under way fails as stopped, and the
// rest are skipped.
func (v *scenarioView) onStop() {
	if v.run != nil {
		v.run.cancel()
	}
}

// shutdown stops a run and waits for it to end; used when the main window
// closes.
func (v *scenarioView) shutdown() {
	if run := v.run; run != nil {
		run.cancel()
		<-run.done
	}
	v.win.Close()
}
