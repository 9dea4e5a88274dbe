"""Sentences of our own the mojibake repair's weights are chosen on, so that bench/mojibake.py's
notes (and seed-kb) stay unseen: each sentence mangled alone (Windows-1254, lost bytes
dropped), repaired, and the characters it gets wrong counted.

    python bench/mojibake_dev.py
"""

from __future__ import annotations

import difflib
import sys

from clew.core.text.mojibake import mangle, repair

ZH = """我们把日志文件分块上传到服务器，每一块不超过十兆。
在这个项目中，缓存与索引是分开保存的。
如果网络不稳定，下载会中断，需要重新开始。
这台机器的内存不够，编译时经常卡住。
测试结果显示，新版本的延迟比旧版本低了三十毫秒。
请不要在生产环境中直接修改配置文件。
他每天早上花十分钟整理笔记，并在周末复习。
模型的参数量与训练时间大致成正比。
这个函数不处理空字符串，调用前要先检查。
文档中提到的命令在新版本里已经不能用了。
我们在讨论中发现，这个方案的成本并不低。
数据库与前端之间通过接口通信。
他把常用的词语整理成一个词表，方便以后查找。
每个分块的大小是固定的，最后一块可能更小。
实验中我们记录了每一轮的损失与准确率。
这个问题在旧系统中并不常见。
服务器的负载一直很低，所以我们减少了机器数量。
她在会议中介绍了新的评估方法。
这些笔记中有不少错误，需要重新核对。
训练过程中显存占用逐渐升高，最后程序崩溃了。
图表中的数据来自上个月的监控记录。
系统不会自动删除旧的备份，需要手动清理。
研究人员与工程师一起分析了失败的原因。
在实际部署中，响应时间比预期的要长。
我们选择了质量更高但价格不低的硬盘。
这篇文章讨论了模型压缩与知识蒸馏的关系。
我不确定这个结论是否适用于其他语言。
在图书馆中，我找到了几本关于统计学习的旧书。
每周的例会上，大家轮流介绍自己读过的论文。
新的算法在速度与精度之间取得了平衡。
这个工具不支持中文路径，需要换一个目录。
他把实验中用到的脚本都放在一个仓库里。
如果温度太低，电池的容量会明显下降。
请把每个文件分块压缩后再发送给我。
我们用词向量表示每一个句子中的词语。
这台笔记本电脑的屏幕不大，但很轻。
训练集与测试集不能有重复的样本。
会议期间，我与几位老朋友见了面。
在讨论的最后，他提出了一个新的问题。
这种方法的计算量很大，不适合在手机上运行。
三十个样本中只有两个被分错了。
数据量不足时，模型很容易过拟合。
他在报告中指出，现有的评测方法并不可靠。
我们的服务器位于学校的机房中。
这份文档中的例子都可以直接运行。
"""

RU = """Каждый вечер я читаю статьи и записываю главное.
Я удаляю старые заметки, которые больше не нужны.
Мы проверяем модель на новых данных каждую неделю.
Я пишу короткие заметки о прочитанных книгах.
Она изучает языковые модели и их применение.
Я сохраняю ссылки на статьи в отдельной папке.
После обучения модель обгоняет базовую версию на трёх задачах.
Я понимаю, что памяти видеокарты не хватает для большой модели.
"""


def wrong_characters(block: str) -> int:
    """The characters the repair gets wrong in ``block``'s sentences; each wrong one printed."""
    wrong = 0
    for clean in block.strip().split("\n"):
        damaged = mangle(clean)
        fixed = repair(damaged)
        repaired = fixed.text if fixed else damaged
        if repaired != clean:
            changes = difflib.SequenceMatcher(None, clean, repaired, autojunk=False).get_opcodes()
            count = sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in changes if op != "equal")
            wrong += count
            print(f"  {clean}\n  {repaired}  ({count})")
    return wrong


def main() -> int:
    zh, ru = wrong_characters(ZH), wrong_characters(RU)
    print(f"zh {zh} characters wrong of {len(ZH)}, ru {ru} of {len(RU)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
