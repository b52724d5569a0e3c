package dates

// Proleptic Gregorian calendar arithmetic on plain integers (days since
// 1970-01-01), after Howard Hinnant's algorithms; no time.Time in the hot path.

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func validDate(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// daysFromCivil returns the day number of y-m-d (1970-01-01 is 0).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// weekdayOf returns the weekday of day number z, Sunday = 0 as in time.Weekday.
func weekdayOf(z int) int {
	return ((z % 7) + 7 + 4) % 7 // 1970-01-01 was a Thursday
}

// mondayOf returns the day number of the Monday of z's ISO week.
func mondayOf(z int) int {
	return z - (weekdayOf(z)+6)%7
}

// addMonths adds n months to year y, month m.
func addMonths(y, m, n int) (int, int) {
	t := y*12 + (m - 1) + n
	return floorDiv(t, 12), t - floorDiv(t, 12)*12 + 1
}
