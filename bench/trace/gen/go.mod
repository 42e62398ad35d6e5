module example.com/tracegen

go 1.22
