module watchsvc

go 1.22
