create table legacy (id int);
insert into legacy select x from system_range(1, 1500);
drop table legacy;
