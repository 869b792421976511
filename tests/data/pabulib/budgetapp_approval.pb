META
key;value
description;A tiny approval election for Coproduce's tests
country;Nowhere
unit;Testshire
instance;2026
num_projects;4
num_votes;6
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name;category
1;60;Big garden;Whole-community work
2;30;Lunch club;Day activities
3;30;Phone circle;Whole-community work
10;40;Minibus;culture
VOTES
voter_id;vote;age
v1;1,2;30
v2;1,2;41
v3;1;52
v4;3,10;63
v5;3,10;29
v6;10;70
