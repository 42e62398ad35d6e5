module example.com/dumptools

go 1.20
