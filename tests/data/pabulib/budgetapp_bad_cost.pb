META
key;value
description;A project with a cost that is not a number
num_projects;2
num_votes;1
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
1;60;Fine
2;lots;Broken
VOTES
voter_id;vote
1;1,2
