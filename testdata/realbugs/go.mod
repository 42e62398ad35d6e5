module example.com/realbugs

go 1.23
