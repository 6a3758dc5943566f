package widgets

import "fyne.io/fyne/v2"

// UIRunner runs f on the Fyne UI goroutine without waiting. The app uses
// fyne.Do. Tests substitute a queue they drain on the test goroutine: Fyne's
// test driver runs fyne.Do callbacks on the calling goroutine, so the real
// fyne.Do would race with the test reading widgets.
type UIRunner func(f func())

// FyneDo is the production uiRunner.
func FyneDo(f func()) { fyne.Do(f) }
