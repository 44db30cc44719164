// What nearly every slice uses; everything else is imported where it is used.
global using FluentValidation;
global using JobFair.Server.Infrastructure;
global using JobFair.Server.Infrastructure.Outbox;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.EntityFrameworkCore;
