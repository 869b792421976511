META
key;value
description;A tiny cumulative election
num_projects;3
num_votes;4
budget;50
vote_type;cumulative
max_sum_points;5
max_points;3
PROJECTS
project_id;cost;name
a;20;First idea
b;30;Second idea
c;25;Third idea
VOTES
voter_id;vote;points
1;a,b;3,2
2;b;3
3;c,a;2,2
4;a,b,c;1,1,1
