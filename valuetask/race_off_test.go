//go:build !race

package valuetask_test

// raceEnabled is true under -race, where testing.AllocsPerRun is unreliable
// and loops are several times slower.
const raceEnabled = false
