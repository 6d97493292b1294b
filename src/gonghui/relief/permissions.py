"""困难职工帮扶's rows of the permission table (registered by ReliefConfig.ready).

Who handles what: grassroots unions (基层工会主席) file cases for their workers and do the first
review (基层审核); officers of a 县区总工会 or the 市总 approve (县区审批), which files the case, and
decide exits. Re-checks and 帮扶 records are entered by whoever handles the case. The thresholds
(困难认定标准) are set by county and city officers for their own organization. Campaigns are run
by county and city officers; any union in scope submits distribution lists, which an officer
other than the submitter approves. 职工本人 apply online and see their own case and what they
received. The 审计员 read everything in their subtree, including the campaign audit view.
"""

from gonghui.relief.permissions_activities import ACTIVITY_ACTIONS
from gonghui.relief.permissions_campaigns import CAMPAIGN_ACTIONS
from gonghui.relief.permissions_cases import CASE_ACTIONS

ACTIONS = [*CASE_ACTIONS, *CAMPAIGN_ACTIONS, *ACTIVITY_ACTIONS]
