META
key;value
description;A tiny ordinal election
num_projects;3
num_votes;3
budget;60
vote_type;ordinal
PROJECTS
project_id;cost;name
1;20;One
2;30;Two
3;40;Three
VOTES
voter_id;vote;points
1;3,1,2;3,2,1
2;1,2;3,2
3;2,3,1;3,2,1
