/**
 * The relevance table: [query, acceptable entries (one must be in the top 3), kind of query].
 * Expected entries come from reading the corpus. Shared by the relevance test and bench/search.bench.ts.
 */
const DISTRIBUTED = [10, 19, 25, 27];
const MEMORY = [29, 16, 21];
const SPEED = [4, 22, 30];
const LR = [2, 8, 9, 24];
const COMPRESSION = [5, 7, 16, 21];
const MIXED = [4, 7, 16, 21, 22, 28, 30];

/** [query, acceptable entries, kind of query] */
export const RELEVANCE_TABLE: Array<[string, number[], string]> = [
  ['梯度爆炸', [9], 'zh'],
  ['exploding gradients', [9], 'en'],
  ['梯度消失', [8], 'zh'],
  ['vanishing gradients', [8], 'en'],
  ['过拟合', [3], 'zh'],
  ['overfitting', [3], 'en'],
  ['overfiting', [3], 'typo'],
  ['out of memory', MEMORY, 'en'],
  ['显存不足', MEMORY, 'synonym (card keyword, not in the corpus)'],
  ['OOM', MEMORY, 'synonym'],
  ['CUDA out of memory', MEMORY, 'synonym'],
  ['multi-GPU training', DISTRIBUTED, 'en'],
  ['多卡训练', DISTRIBUTED, 'synonym'],
  ['分布式训练', DISTRIBUTED, 'zh'],
  ['DDP', DISTRIBUTED, 'synonym'],
  ['class imbalance', [13], 'en'],
  ['类别不平衡', [13], 'zh'],
  ['SMOTE', [13], 'en'],
  ['clip_grad_norm_', [9, 8], 'pytorch id'],
  ['torch.nn.utils.clip_grad_norm_', [9, 8], 'pytorch id'],
  ['GradScaler', [8, 9, 28, ...MIXED], 'pytorch id'],
  ['DistributedDataParallel', DISTRIBUTED, 'pytorch id'],
  ['torch.optim.lr_scheduler', LR, 'pytorch id'],
  ['gradiant clipping', [9, 8], 'typo'],
  ['梯度裁剪', [9, 8], 'zh'],
  ['学习率调度', LR, 'zh'],
  ['learning rate warmup', LR, 'synonym'],
  ['early stopping', [2, 3, 24], 'en'],
  ['早停', [2, 3, 24], 'zh'],
  ['mixed precision', MIXED, 'en'],
  ['混合精度', MIXED, 'zh'],
  ['NCCL', DISTRIBUTED, 'en'],
  ['数据增强', [2, 3, 18, 20, 23, 24], 'zh'],
  ['evaluation metrics', [1], 'en'],
  ['k-fold cross validation', [11, 3], 'en'],
  ['TensorBoard', [17], 'en'],
  ['loss 变成 nan', [9, 8, 28], 'synonym'],
  ['data leakage', [26], 'en (stemming: leaks)'],
  ['数据泄露', [26], 'zh'],
  ['稀疏数据', [12], 'zh'],
  ['outliers', [15], 'en'],
  ['多模态', [14], 'zh'],
  ['内存池', [29], 'zh'],
  ['量化', COMPRESSION, 'zh'],
  ['knowledge distillation', COMPRESSION, 'en'],
  ['hyperparameter tuning', [2], 'en'],
  ['speed up training', SPEED, 'en'],
  ['训练太慢', SPEED, 'synonym'],
  ['not enough training data', [18], 'en'],
  ['batch normalization', [8, 9], 'en'],
  ['weight decay', [2, 3, 24], 'en'],
  ['dropout', [2, 3], 'en'],
];

