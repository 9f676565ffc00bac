-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d).
-- The cluster's first database (POSTGRES_DB=prefect) holds Prefect's metadata;
-- this adds the HRIS database that `mseflow hris-feed` writes its tables into.
CREATE DATABASE hris OWNER mseflow;
