META
key;value
description;A vote type we do not take
num_projects;1
num_votes;1
budget;100
vote_type;scoring
PROJECTS
project_id;cost;name
1;60;Fine
VOTES
voter_id;vote;points
1;1;5
