package loadtest

var ParseStat = parseStat
