// mapper: to be written
