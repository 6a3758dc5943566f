module github.com/sockettester/sockettester

go 1.26

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/sirupsen/logrus v1.10.2 // indirect
	go.uber.org/goleak v1.3.0 // indirect
	golang.org/x/sys v0.30.0 // indirect
)
