// graph: to be written
