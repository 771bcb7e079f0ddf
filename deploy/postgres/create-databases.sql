-- One database per service (the owner of the data decides): runs once, on an empty volume.
CREATE DATABASE license;
CREATE DATABASE screening;
CREATE DATABASE audit;
