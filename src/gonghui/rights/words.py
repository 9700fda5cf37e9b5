"""Words shipped in the database rather than in the code: the district's default workers'-home
checklist written by migration 0002 (``HomeCriterion.title``). Pages show a shipped title in the
current language (``{% translate criterion.title %}``); ``makemessages`` skips migrations, so the
titles are named here for the catalogue. A title a district typed itself shows as typed."""

from django.utils.translation import gettext_noop

DEFAULT_HOME_CRITERIA = (
    gettext_noop("组织健全：依法建会、按期换届、会员实名制管理"),
    gettext_noop("民主管理：职代会制度、厂务公开落实"),
    gettext_noop("维护权益：集体合同签订履行、劳动争议调解"),
    gettext_noop("服务职工：困难帮扶、送温暖、职工诉求按期办结"),
    gettext_noop("职工文化：职工书屋、文体活动阵地"),
    gettext_noop("经费保障：工会经费收缴、经费审查"),
    gettext_noop("队伍建设：工会干部培训、会员评家满意度"),
)
